"""The fixed words of staffing (GLOSSARY.md, 机构编制): identifiers only; the UI catalog holds the Chinese."""

KINDS = ("administrative", "public_institution")
"""行政机构 / 事业单位."""

FIELDS = (
    "ecology",
    "modern_agriculture",
    "education",
    "health",
    "social_security",
    "human_resources",
    "civil_affairs",
    "housing",
    "other",
)
"""The field (领域) an institution works in."""

KEY_FIELDS = ("education", "health", "social_security", "ecology", "modern_agriculture")
"""Key and livelihood fields (关键领域和民生领域) the three ideas tilt quota towards."""

LIVELIHOOD_FIELDS = ("education", "health", "social_security")
"""民生领域 on its own: education, health and social security (the article's 教育、卫生、社保)."""

SUBFIELDS = {"education": ("primary_secondary", "teaching_research")}
"""The sub-fields an institution of a field may be classed in: 中小学 / 教研."""

GROWTH_WINDOW_DAYS = 365
"""人员膨胀 is read over the twelve months to the day asked."""
GROWTH_ALERT_RATE = 0.05
GROWTH_ALERT_MIN_PEOPLE = 3
"""An institution that had people on board twelve months ago and has at least 3 more, and 5% or
more, is flagged for a look (人员膨胀预警). A new institution (set up, or the result of a merger
that brought its people along) is not: it had nobody to grow from."""

QUOTA_TYPES = ("administrative", "career", "work_service")
"""行政编制 / 事业编制 / 工勤编制."""

OVER_QUOTA_POLICIES = ("refuse", "flag")
"""超编进人: refused (the default) or recorded with a flag, as the office configures."""

DEPARTURE_REASONS = ("retired", "transferred_out", "resigned", "dismissed", "deceased", "other")

JURISDICTION_NAME = "阿勒泰地区"

PROPOSAL_KINDS = ("establish", "abolish", "merge", "rename", "reallocate", "adjust_quota", "hire")
"""The staffing decisions a department proposes and a leader approves (设 / 撤 / 合 / 更名 / 盘活 / 核增核减 / 入编)."""

PROPOSAL_STATES = ("pending", "approved", "returned")
"""待审批 / 已批准 / 已退回."""

RECRUITMENT_METHODS = ("open_exam", "selection", "transfer", "placement", "other")
"""How a person came to fill a quota place: 公开招考 / 选调 / 调任 / 安置 / 其他."""

LEVELS = ("prefecture", "county", "township")
"""The level a hire fills a place at: 地区 / 县 / 乡镇."""

POST_CATEGORIES = ("professional", "management", "service")
"""The post categories of quota places: 专业技术岗位 / 管理岗位 / 工勤技能岗位."""
