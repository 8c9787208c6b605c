"""The season's programme: its configuration, the schedule inside the stages, the
education modules with attendance and grades, certificates, and the finalists."""

from modules.models.certificates import Certificate, EducationLevel, EducationRecord, Sex
from modules.models.finalists import Finalist, FinalistChange, FinalistStatus, Skill
from modules.models.programme import Assignment, Attendance, Module, Submission
from modules.models.schedule import Audience, CalendarFeed, Session, StageAnnouncement
from modules.models.settings import ProgrammeSettings

__all__ = [
    "Assignment",
    "Attendance",
    "Audience",
    "CalendarFeed",
    "Certificate",
    "EducationLevel",
    "EducationRecord",
    "Finalist",
    "FinalistChange",
    "FinalistStatus",
    "Module",
    "ProgrammeSettings",
    "Session",
    "Sex",
    "Skill",
    "StageAnnouncement",
    "Submission",
]
