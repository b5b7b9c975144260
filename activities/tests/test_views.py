"""Pages of the activities app: who may open them, what a form refuses,
and the lists' query counts.

Assertions are on status codes, the database, form error keys and the
response context, not on translated text.
"""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from activities.models import FollowerCount, MediaItem, ParticipationEvent, Training, Workshop
from activities.tests.factories import (
    FollowerCountFactory,
    MediaItemFactory,
    ParticipationEventFactory,
    TrainingFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
# URL name prefix of each kind of record, and the name of its list.
KINDS = {
    "workshop": "workshops",
    "training": "trainings",
    "participation": "participation",
    "media": "media",
    "followers": "followers",
}
STAFF = ["alice", "bob", "supervisor", "coordinator"]


@pytest.fixture
def records(area):
    """One record of each kind in the test area."""
    return {
        "workshop": WorkshopFactory(area=area),
        "training": TrainingFactory(area=area, days=[D(2019, 3, 26), D(2019, 3, 27)]),
        "participation": ParticipationEventFactory(area=area),
        "media": MediaItemFactory(area=area),
        "followers": FollowerCountFactory(area=area),
    }


def page_urls(records) -> dict[str, str]:
    urls = {"activities:index": reverse("activities:index")}
    for kind, listing in KINDS.items():
        pk = records[kind].pk
        urls[f"activities:{listing}"] = reverse(f"activities:{listing}")
        urls[f"activities:{kind}_create"] = reverse(f"activities:{kind}_create")
        urls[f"activities:{kind}_detail"] = reverse(f"activities:{kind}_detail", args=[pk])
        urls[f"activities:{kind}_update"] = reverse(f"activities:{kind}_update", args=[pk])
    return urls


# --- Who may open what ----------------------------------------------------------------


def test_every_page_has_its_name(records):
    assert len(page_urls(records)) == 21


@pytest.mark.parametrize("username", STAFF)
def test_staff_of_the_area_may_open_every_page(client, records, username, request):
    client.force_login(request.getfixturevalue(username))

    for name, url in page_urls(records).items():
        assert client.get(url).status_code == 200, name


def test_a_record_of_another_area_is_not_found(client, records, outsider):
    client.force_login(outsider)

    for name, url in page_urls(records).items():
        response = client.get(url)
        if name.endswith(("_detail", "_update")):
            assert response.status_code == 404, name
        else:
            assert response.status_code == 200, name
            assert not response.context.get("object_list"), name


def test_another_area_cannot_change_a_record(client, records, outsider):
    client.force_login(outsider)
    workshop = records["workshop"]

    response = client.post(
        reverse("activities:workshop_update", args=[workshop.pk]),
        {"held_on": "2019-01-22", "topic": "Muutettu", "participants": "1", "notes": ""},
    )

    assert response.status_code == 404
    workshop.refresh_from_db()
    assert workshop.topic != "Muutettu"


def test_anonymous_visitor_is_sent_to_log_in(client, records):
    for name, url in page_urls(records).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response.url.startswith(reverse(settings.LOGIN_URL)), name


def test_administrator_is_refused(client, records, administrator):
    client.force_login(administrator)

    for name, url in page_urls(records).items():
        assert client.get(url).status_code == 403, name


# --- Recording and editing --------------------------------------------------------------


def test_a_worker_records_a_workshop_of_their_area(client, alice):
    client.force_login(alice)

    response = client.post(
        reverse("activities:workshop_create"),
        {"held_on": "2019-01-22", "topic": "Rakenteellinen sosiaalityö", "participants": "25"},
    )

    workshop = Workshop.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("activities:workshop_detail", args=[workshop.pk])
    assert (workshop.area, workshop.held_on, workshop.participants) == (
        alice.area,
        D(2019, 1, 22),
        25,
    )


def test_the_same_workshop_twice_is_an_error_on_the_form(client, alice):
    WorkshopFactory(area=alice.area, held_on=D(2019, 1, 22), topic="Rakenteellinen sosiaalityö")
    client.force_login(alice)

    response = client.post(
        reverse("activities:workshop_create"),
        {"held_on": "2019-01-22", "topic": "Rakenteellinen sosiaalityö"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Workshop.objects.count() == 1


def training_data(**changes):
    data = {
        "name": "Dialogisuus",
        "provider": "Osaamiskeskus ISO",
        "days": "20.9.2018\n15.11.2018\n7.2.2019\n9.5.2019",
        "started": "17",
        "finished": "13",
        "notes": "",
    }
    return data | changes


def test_a_training_is_recorded_with_its_days(client, alice):
    client.force_login(alice)

    response = client.post(reverse("activities:training_create"), training_data())

    training = Training.objects.get()
    assert response.status_code == 302
    assert training.area == alice.area
    assert [day.held_on for day in training.days.all()] == [
        D(2018, 9, 20),
        D(2018, 11, 15),
        D(2019, 2, 7),
        D(2019, 5, 9),
    ]


def test_a_bad_training_day_is_a_field_error_and_nothing_is_saved(client, alice):
    client.force_login(alice)

    response = client.post(
        reverse("activities:training_create"), training_data(days="20.9.2018\n31.2.2019")
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["days"]
    assert not Training.objects.exists()


def test_more_finishing_than_starting_is_a_field_error_and_nothing_is_saved(client, alice):
    client.force_login(alice)

    response = client.post(
        reverse("activities:training_create"), training_data(started="13", finished="17")
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["finished"]
    assert not Training.objects.exists()


def test_the_edit_form_shows_the_days_and_saves_new_ones(client, alice):
    training = TrainingFactory(area=alice.area, days=[D(2019, 3, 26), D(2019, 3, 27)])
    client.force_login(alice)
    url = reverse("activities:training_update", args=[training.pk])

    shown = client.get(url).context["form"]["days"].value()
    response = client.post(url, training_data(name=training.name, days="26.3.2019\n2.4.2019"))

    assert shown == "26.3.2019\n27.3.2019"
    assert response.status_code == 302
    assert [day.held_on for day in training.days.all()] == [D(2019, 3, 26), D(2019, 4, 2)]


def test_a_refused_training_edit_keeps_the_old_days(client, alice):
    training = TrainingFactory(area=alice.area, started=17, finished=13, days=[D(2019, 3, 26)])
    client.force_login(alice)

    response = client.post(
        reverse("activities:training_update", args=[training.pk]),
        training_data(name=training.name, days="1.4.2019", finished="18"),
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["finished"]
    assert [day.held_on for day in training.days.all()] == [D(2019, 3, 26)]


def test_a_participation_event_is_recorded_and_edited(client, alice):
    client.force_login(alice)
    data = {
        "kind": "client_afternoon",
        "held_on": "2018-06-06",
        "title": "Asiakasiltapäivä",
        "participants": "21",
        "notes": "Toimintakeskus Veturi.",
    }

    client.post(reverse("activities:participation_create"), data)
    event = ParticipationEvent.objects.get()
    client.post(
        reverse("activities:participation_update", args=[event.pk]), data | {"participants": "22"}
    )

    event.refresh_from_db()
    assert (event.area, event.participants) == (alice.area, 22)


def test_a_media_item_is_recorded(client, alice):
    client.force_login(alice)

    response = client.post(
        reverse("activities:media_create"),
        {
            "kind": "radio",
            "published_on": "2019-04-11",
            "outlet": "Yle",
            "title": "Koirat mukana ryhmässä",
            "url": "yle.fi/uutiset",
        },
    )

    item = MediaItem.objects.get()
    assert response.status_code == 302
    assert item.url == "https://yle.fi/uutiset"


def test_a_future_follower_count_is_a_field_error_and_nothing_is_saved(client, alice):
    client.force_login(alice)
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)

    response = client.post(
        reverse("activities:followers_create"),
        {"channel": "Facebook", "counted_on": tomorrow.isoformat(), "followers": "210"},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["counted_on"]
    assert not FollowerCount.objects.exists()


# --- Lists and the index ------------------------------------------------------------------


def test_lists_filter_by_period_and_kind(client, alice):
    ParticipationEventFactory(area=alice.area, held_on=D(2018, 6, 6), title="Iltapäivä")
    ParticipationEventFactory(
        area=alice.area, kind="survey", held_on=D(2018, 10, 31), title="Kysely"
    )
    ParticipationEventFactory(area=alice.area, held_on=D(2019, 6, 6), title="Toinen iltapäivä")
    client.force_login(alice)
    url = reverse("activities:participation")

    def titles(**query):
        return [event.title for event in client.get(url, query).context["object_list"]]

    assert titles() == ["Toinen iltapäivä", "Kysely", "Iltapäivä"]
    assert titles(start="2018-01-01", end="2018-12-31") == ["Kysely", "Iltapäivä"]
    assert titles(kind="client_afternoon") == ["Toinen iltapäivä", "Iltapäivä"]


def test_a_period_that_ends_before_it_starts_is_an_error(client, alice):
    WorkshopFactory(area=alice.area)
    client.force_login(alice)

    response = client.get(
        reverse("activities:workshops"), {"start": "2019-12-31", "end": "2019-01-01"}
    )

    assert list(response.context["filter"].form.errors) == ["end"]
    assert list(response.context["object_list"]) == []


def test_the_training_list_shows_trainings_with_a_day_in_the_period(client, alice):
    TrainingFactory(area=alice.area, name="Dialogisuus", days=[D(2018, 9, 20), D(2019, 5, 9)])
    TrainingFactory(area=alice.area, name="Motivointi", days=[D(2018, 10, 24)])
    client.force_login(alice)

    response = client.get(
        reverse("activities:trainings"), {"start": "2019-01-01", "end": "2019-12-31"}
    )

    [training] = response.context["object_list"]
    assert training.name == "Dialogisuus"
    # The aggregates still count every day, not only those of the period.
    assert (training.day_count, training.first_day) == (2, D(2018, 9, 20))
    # Days before and after a period are not a day in it.
    between = client.get(
        reverse("activities:trainings"), {"start": "2018-12-01", "end": "2019-01-31"}
    )
    assert list(between.context["object_list"]) == []


def test_the_index_shows_the_periods_figures(client, alice):
    WorkshopFactory(area=alice.area, held_on=D(2019, 1, 22))
    TrainingFactory(area=alice.area, days=[D(2018, 9, 20), D(2019, 5, 9)])
    ParticipationEventFactory(area=alice.area, held_on=D(2019, 6, 6), participants=21)
    FollowerCountFactory(area=alice.area, counted_on=D(2019, 12, 31), followers=205)
    client.force_login(alice)

    response = client.get(reverse("activities:index"), {"start": "2019-01-01", "end": "2019-12-31"})

    figures = response.context["figures"]
    assert (figures["workshops"], figures["trainings"], figures["training_days"]) == (1, 1, 1)
    assert (figures["participation_events"], figures["participants"]) == (1, 21)
    assert [count.followers for count in figures["followers"]] == [205]
    assert response.context["years"] == [2019, 2018]


def test_the_index_refuses_a_backwards_period(client, alice):
    client.force_login(alice)

    response = client.get(reverse("activities:index"), {"start": "2019-12-31", "end": "2019-01-01"})

    assert response.status_code == 200
    assert response.context["figures"] is None
    assert list(response.context["form"].errors) == ["end"]


LIST_FACTORIES = {
    "workshops": lambda area, n: WorkshopFactory(area=area, held_on=D(2019, 1, 1 + n % 28)),
    "trainings": lambda area, n: TrainingFactory(
        area=area, days=[D(2019, 1 + n % 12, 1), D(2019, 1 + n % 12, 2)]
    ),
    "participation": lambda area, n: ParticipationEventFactory(area=area, held_on=D(2019, 6, 6)),
    "media": lambda area, n: MediaItemFactory(area=area),
    "followers": lambda area, n: FollowerCountFactory(
        area=area, counted_on=D(2019, 1, 1) + datetime.timedelta(days=n % 365)
    ),
}
# Every request: the session and the user (the session is not written again
# within a minute of its last stamp: accounts/user_sessions.py).  Then a
# list's count and page, and on the media page the latest follower counts.
REQUEST_QUERIES = 2
LIST_QUERIES = {
    "workshops": REQUEST_QUERIES + 2,
    "trainings": REQUEST_QUERIES + 2,
    "participation": REQUEST_QUERIES + 2,
    "media": REQUEST_QUERIES + 3,
    "followers": REQUEST_QUERIES + 2,
}


@pytest.mark.parametrize("listing", list(LIST_FACTORIES))
def test_a_list_takes_the_same_queries_however_long(
    client, alice, listing, django_assert_num_queries
):
    client.force_login(alice)
    url = reverse(f"activities:{listing}")
    query = {"start": "2019-01-01", "end": "2019-12-31"}
    for rows in (3, 30):
        for n in range(rows - len(client.get(url).context["object_list"])):
            LIST_FACTORIES[listing](alice.area, n + 100 * rows)
        with django_assert_num_queries(LIST_QUERIES[listing]):
            client.get(url, query)
        with django_assert_num_queries(LIST_QUERIES[listing]):
            client.get(url, query | {"page": 2} if rows > 25 else query)


def test_the_index_takes_the_same_queries_however_much_is_recorded(
    client, alice, django_assert_num_queries
):
    client.force_login(alice)
    url = reverse("activities:index")
    # the request's own, seven figures, the years
    with django_assert_num_queries(REQUEST_QUERIES + 8):
        client.get(url)
    for n in range(5):
        LIST_FACTORIES["workshops"](alice.area, n)
        LIST_FACTORIES["trainings"](alice.area, n)
        LIST_FACTORIES["followers"](alice.area, n)
    with django_assert_num_queries(REQUEST_QUERIES + 8):
        client.get(url)


def test_the_page_links_keep_the_filters(client, alice):
    for n in range(30):
        WorkshopFactory(area=alice.area, held_on=D(2019, 1, 1 + n % 28))
    client.force_login(alice)

    response = client.get(
        reverse("activities:workshops"), {"start": "2019-01-01", "end": "2019-12-31"}
    )

    assert 'href="?start=2019-01-01&amp;end=2019-12-31&amp;page=2"' in response.content.decode()
