import pytest

from silajar.accounts.names import first_name, name_without_titles
from silajar.accounts.tests.factories import UserFactory


@pytest.mark.parametrize(
    ("full_name", "called", "first"),
    [
        ("Ir. Hendra Wijaya, M.T.", "Hendra Wijaya", "Hendra"),
        ("Dr. Ir. H. Ahmad Syarif, M.Si.", "Ahmad Syarif", "Ahmad"),
        ("Hj. Siti Rahmawati, S.Kom., M.M.", "Siti Rahmawati", "Siti"),
        ("Drs. Yohanes Kurniawan", "Yohanes Kurniawan", "Yohanes"),
        ("dr. Maria Ulfa Sp.A.", "Maria Ulfa", "Maria"),
        ("Budi Santoso, SE", "Budi Santoso", "Budi"),
        ("Prof. Dr. Rini", "Rini", "Rini"),
        ("Hendra", "Hendra", "Hendra"),
        # a name that only looks like a title keeps its one word
        ("Ir.", "Ir.", "Ir."),
        ("", "", ""),
    ],
)
def test_titles_are_left_out_of_what_a_person_is_called(full_name, called, first):
    assert name_without_titles(full_name) == called
    assert first_name(full_name) == first


@pytest.mark.django_db
def test_the_greeting_and_the_menu_use_the_name_without_titles(client):
    user = UserFactory(full_name="Ir. Hendra Wijaya, M.T.")
    client.force_login(user)
    page = client.get("/").content.decode()
    heading = page.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert heading.endswith(", Hendra")
    menu = page.split('id="main"', 1)[0]
    assert "Hendra" in menu
    assert "Ir." not in menu
    assert user.get_short_name() == "Hendra"
    assert str(user) == "Ir. Hendra Wijaya, M.T."  # documents keep the titles
