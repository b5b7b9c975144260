"""Models of the clients app: code lists, clients and their case process."""

from clients.models.break_glass import BreakGlassGrant  # noqa: F401
from clients.models.case import (  # noqa: F401
    CaseStep,
    ClientPlan,
    Closure,
    Initiation,
    InitiationChannel,
    SpecialSupportAssessment,
    SupportPersonService,
    UrgencyAssessment,
)
from clients.models.client import Client, MotherTongue, Sex  # noqa: F401
from clients.models.codes import Code, CodeList  # noqa: F401
