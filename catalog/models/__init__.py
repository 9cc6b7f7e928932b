"""SQLAlchemy models: they describe data, the services hold the rules."""

from catalog.models.accounts import (
    GLOBAL_ROLES,
    MEMBER_ROLES,
    ORG_KINDS,
    ApiToken,
    AuditEvent,
    Membership,
    Organization,
    SigninFailure,
    User,
    UserRole,
)
from catalog.models.base import Base, utcnow
from catalog.models.dataset import (
    DATASET_STATES,
    Dataset,
    DatasetRegion,
    DatasetTag,
    DatasetTopic,
    IndexDrainLock,
    IndexOutbox,
    Resource,
)
from catalog.models.harvest import (
    JOB_STATES,
    RECORD_ACTIONS,
    HarvestJob,
    HarvestRecord,
    HarvestSource,
)
from catalog.models.idempotency import IdempotencyKey
from catalog.models.recommendation import (
    RECOMMENDATION_STATES,
    Recommendation,
    RecommendationEvent,
)

__all__ = [
    "DATASET_STATES",
    "GLOBAL_ROLES",
    "JOB_STATES",
    "MEMBER_ROLES",
    "ORG_KINDS",
    "RECOMMENDATION_STATES",
    "RECORD_ACTIONS",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Dataset",
    "DatasetRegion",
    "DatasetTag",
    "DatasetTopic",
    "HarvestJob",
    "HarvestRecord",
    "HarvestSource",
    "IdempotencyKey",
    "IndexDrainLock",
    "IndexOutbox",
    "Membership",
    "Organization",
    "Recommendation",
    "RecommendationEvent",
    "Resource",
    "SigninFailure",
    "User",
    "UserRole",
    "utcnow",
]
