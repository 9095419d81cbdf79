"""The people plugin's words: departments and cadres (and the home page's counts of them)."""

ZH = {
    "plugin.people": "科室与干部",
    "page.people": "科室与干部",
    "home.cadres": "在册干部",
    "home.departments": "科室",
    "people.departments": "科室",
    "people.cadres": "干部名册",
    "people.add_department": "新增科室",
    "people.add_cadre": "登记干部",
    "people.col.name": "姓名",
    "people.col.department": "科室",
    "people.col.position": "职务",
    "people.col.joined_on": "参加工作时间",
    "people.col.retired_on": "退休日期",
    "people.todo.title": "科室与干部",
    "people.todo.empty_department": "科室“{department}”还没有在册干部",
    "people.ui.choose_cadre": "请选择干部（可输入姓名查找）",
    "people.ui.choose_department": "请选择科室",
    "people.ui.no_cadre": "您的账户还没有关联干部，暂不能填报；请联系管理员在账户管理中关联。",
    "people.ui.no_department": "您的账户还没有关联科室，暂不能填报；请联系管理员在账户管理中关联。",
}

EN = {
    "plugin.people": "Departments and cadres",
    "page.people": "Departments and cadres",
    "home.cadres": "Cadres on the roll",
    "home.departments": "Departments",
    "people.departments": "Departments",
    "people.cadres": "Cadre roll",
    "people.add_department": "Add a department",
    "people.add_cadre": "Register a cadre",
    "people.col.name": "Name",
    "people.col.department": "Department",
    "people.col.position": "Position",
    "people.col.joined_on": "Started work on",
    "people.col.retired_on": "Retired on",
    "people.todo.title": "Departments and cadres",
    "people.todo.empty_department": "The department “{department}” has no cadre on the roll",
    "people.ui.choose_cadre": "Choose a cadre (type a name to find one)",
    "people.ui.choose_department": "Choose a department",
    "people.ui.no_cadre": "Your account is not linked to a cadre yet, so you cannot record; ask an admin to link it under Accounts.",
    "people.ui.no_department": "Your account is not linked to a department yet, so you cannot record; ask an admin to link it under Accounts.",
}

TRANSLATIONS = {"zh": ZH, "en": EN}
