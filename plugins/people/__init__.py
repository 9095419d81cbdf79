"""People (`people`): the office's departments and cadres.

Every other plugin's records name a cadre or a department registered here."""

from culture_ledger.registry import Page, Plugin, Todo
from culture_ledger.rights import roles_that_may
from domain.people import Cadre, Department
from plugins.people.commands import EnrolCadre, RegisterCadre, RegisterDepartment
from plugins.people.demo import seed, seed_at_scale
from plugins.people.locale import TRANSLATIONS
from plugins.people.projections import PeopleProjection
from plugins.people.services import PeopleService
from plugins.people.sheets import ROSTER

plugin = Plugin(
    id="people",
    title="plugin.people",
    aggregates=(Department, Cadre),
    commands=(RegisterDepartment, RegisterCadre, EnrolCadre),
    projections=(PeopleProjection,),
    services={"people": PeopleService},
    pages=(
        Page(
            "people",
            "page.people",
            "plugins.people.pages:render",
            icon=":material/groups:",
            roles=roles_that_may("admin"),
            section="nav.section.admin",
        ),
    ),
    todos=(
        Todo(
            "people.roll",
            "people.todo.title",
            "plugins.people.todos:departments_without_cadres",
            roles=roles_that_may("admin"),
        ),
    ),
    sheets=(ROSTER,),
    translations=TRANSLATIONS,
    demo=seed,
    demo_at_scale=seed_at_scale,
)
