"""Views of client-level data.  Each goes through the access choke point."""

from django.views.generic import DetailView, ListView

from accounts.mixins import ClientListMixin, ClientRecordMixin
from clients import selectors
from clients.models import Client


class ClientListView(ClientListMixin, ListView):
    """All clients of the user's units."""

    model = Client
    template_name = "clients/client_list.html"
    context_object_name = "clients"
    paginate_by = 50

    def get_queryset(self):
        return selectors.client_list(user=self.request.user)


class MyClientsView(ClientListView):
    """A worker's home: their own caseload (omat asiakkaat)."""

    template_name = "clients/my_clients.html"

    def get_queryset(self):
        return selectors.my_clients(user=self.request.user)


class ClientDetailView(ClientRecordMixin, DetailView):
    """One client.  The URL carries the pseudonymous client number only."""

    model = Client
    template_name = "clients/client_detail.html"
    context_object_name = "client"
    slug_field = "client_number"
    slug_url_kwarg = "client_number"

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "responsible_worker")
