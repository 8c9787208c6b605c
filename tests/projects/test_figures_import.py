"""The organizers' figures import: each kind of bad row named by its line in Russian,
all or nothing, the same file twice changes nothing; and its admin page."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teams.projects.models import FigureSource, ProjectAction, ProjectChange, ReachFigure
from teams.projects.services.figures import figures_import
from tests.projects.factories import link, project, refinement_season, team_with_members

HEADER = "url;checkpoint;views;reactions;comments;shares\n"


@pytest.fixture
def links(world):
    return link(world["project"], "https://vk.com/video-1"), link(world["project"], "https://t.me/culture/5")


def _import(world, text: str, encoding: str = "utf-8"):
    return figures_import(season_id=world["season"].pk, content=text.encode(encoding), by=world["organizer"])


def _problems(world, text: str) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        _import(world, text)
    return refused.value.messages


def test_a_good_file_is_written_and_logged(world, links):
    written = _import(
        world,
        HEADER + "https://vk.com/video-1;1;1 200;30;4;2\nhttps://t.me/culture/5/;1;500;10;0;1\n"
        "https://vk.com/video-1;2;2000;50;6;3\n",
    )
    assert (written.rows, written.written) == (3, 3)
    figure = ReachFigure.objects.get(link=links[0], checkpoint__number=1)
    assert (figure.views, figure.reactions, figure.source) == (1200, 30, FigureSource.IMPORT)
    change = ProjectChange.objects.get(action=ProjectAction.FIGURES)
    assert change.details == {"imported": 3, "checkpoints": [1, 2]}


def test_the_same_file_twice_changes_nothing(world, links):
    text = HEADER + "https://vk.com/video-1;1;100;3;1;0\n"
    _import(world, text)
    before = list(ReachFigure.objects.values())
    again = _import(world, text)
    assert (again.written, again.unchanged) == (0, 1)
    assert list(ReachFigure.objects.values()) == before
    assert ProjectChange.objects.filter(action=ProjectAction.FIGURES).count() == 1


def test_every_bad_row_is_named_and_nothing_is_written(world, links):
    problems = _problems(
        world,
        HEADER
        + "https://vk.com/video-1;1;100;3;1;0\n"  # good, line 2
        + "https://vk.com/unknown;1;1;1;1;1\n"  # line 3
        + "https://vk.com/video-1;9;1;1;1;1\n"  # line 4
        + "https://vk.com/video-1;2;много;1;1;1\n"  # line 5
        + "https://vk.com/video-1;2;-5;1;1;1\n"  # line 6
        + "https://vk.com/video-1;1;100;3;1;0\n"  # line 7, repeats line 2
        + ";;1;1;1;1\n",  # line 8
    )
    assert problems == [
        "Строка 3: неизвестная ссылка «https://vk.com/unknown»: её нет среди ссылок проектов сезона.",
        "Строка 4: неизвестная контрольная точка «9»: нужен номер контрольной точки этого сезона.",
        "Строка 5: «много» — не целое число.",
        "Строка 6: отрицательное число «-5».",
        "Строка 7: повтор: охват ссылки «https://vk.com/video-1» на этой контрольной точке "
        "уже указан в строке 2.",
        "Строка 8: не заполнены ссылка или номер контрольной точки.",
    ]
    assert not ReachFigure.objects.exists()
    assert not ProjectChange.objects.exists()


def test_a_link_of_another_seasons_project_is_unknown(world, links):
    other_team, _members = team_with_members(refinement_season(is_current=False, number=99), "culture")
    link(project(other_team), "https://vk.com/elsewhere")
    problems = _problems(world, HEADER + "https://vk.com/elsewhere;1;1;1;1;1\n")
    assert problems == [
        "Строка 2: неизвестная ссылка «https://vk.com/elsewhere»: её нет среди ссылок проектов сезона."
    ]


@pytest.mark.parametrize(
    "content,expected",
    [
        ("адрес;что-то\nx;y\n", "Строка 1: в первой строке нужны столбцы"),
        (HEADER, "Строка 1: в файле нет ни одной строки с охватами."),
    ],
)
def test_a_wrong_file_as_a_whole(world, links, content, expected):
    assert _problems(world, content)[0].startswith(expected)


def test_russian_excel_columns_and_encoding(world, links):
    text = "Ссылка;Точка;Просмотры;Реакции;Комментарии;Репосты\r\nhttps://vk.com/video-1;1;10;1;0;0\r\n"
    assert _import(world, text, encoding="cp1251").written == 1


def test_the_admin_page_lists_the_problems(client, world, links):
    client.force_login(world["organizer"])
    url = reverse("admin:projects_reachfigure_import")
    assert client.get(url).status_code == 200
    bad = SimpleUploadedFile("f.csv", (HEADER + "https://vk.com/x;1;1;1;1;1\n").encode())
    response = client.post(url, {"file": bad})
    assert "Строка 2: неизвестная ссылка" in response.content.decode()
    good = SimpleUploadedFile("f.csv", (HEADER + "https://vk.com/video-1;1;1;1;1;1\n").encode())
    assert client.post(url, {"file": good}).status_code == 302
    assert ReachFigure.objects.count() == 1


@pytest.mark.parametrize("who", ["member", "curator", "leadership"])
def test_people_outside_the_admin_cannot_import(client, world, who):
    client.force_login(world[who])
    response = client.get(reverse("admin:projects_reachfigure_import"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_link_two_projects_share_is_named_and_an_unreadable_file_refused(world, links):
    link(project(world["other_team"]), "https://vk.com/video-1")
    assert _problems(world, HEADER + "https://vk.com/video-1;1;1;1;1;1\n") == [
        "Строка 2: ссылка «https://vk.com/video-1» есть у нескольких проектов сезона: "
        "внесите её охват на странице проекта."
    ]
    with pytest.raises(ValidationError) as refused:
        figures_import(season_id=world["season"].pk, content=b"\x98\xff\xfe", by=world["organizer"])
    assert refused.value.messages == ["Строка 1: файл не в кодировке UTF-8 или Windows-1251."]
