"""Key accounts (大客户) and their analysis: playbook sections 二 and 三."""

from prospects.models.account import (
    CLASSIFICATION,
    Prospect,
    ProspectPart,
    ProspectPartQuerySet,
    ProspectQuerySet,
    classification_lists,
)
from prospects.models.common import (
    TEXT_LIMIT,
    Attitude,
    CustomerNature,
    Industry,
    LookupList,
    ProductCategory,
    Progress,
    Rating,
    ServiceContent,
    attitude_field,
    duration_field,
    long_text,
    money,
    not_negative,
    progress_field,
)
from prospects.models.figures import FinancialStatement, Forecast, MonthlyTransaction
from prospects.models.imports import ImportBatch
from prospects.models.moves import AccountMerge, SavedFilter
from prospects.models.profile import (
    Advantage,
    Competitor,
    Contact,
    PurchaseFactors,
    SalesProfile,
)
from prospects.models.relationship import BuyingRole, Stance, Strength
from prospects.models.scoring import ScoringWeights

__all__ = [
    "CLASSIFICATION",
    "TEXT_LIMIT",
    "AccountMerge",
    "Advantage",
    "Attitude",
    "BuyingRole",
    "Competitor",
    "Contact",
    "CustomerNature",
    "FinancialStatement",
    "Forecast",
    "ImportBatch",
    "Industry",
    "LookupList",
    "MonthlyTransaction",
    "ProductCategory",
    "Progress",
    "Prospect",
    "ProspectPart",
    "ProspectPartQuerySet",
    "ProspectQuerySet",
    "PurchaseFactors",
    "Rating",
    "SalesProfile",
    "SavedFilter",
    "ScoringWeights",
    "ServiceContent",
    "Stance",
    "Strength",
    "attitude_field",
    "classification_lists",
    "duration_field",
    "long_text",
    "money",
    "not_negative",
    "progress_field",
]
