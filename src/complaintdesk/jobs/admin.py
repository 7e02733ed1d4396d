"""The task list as administrators see it: django-tasks-db's own admin, with how many times
each task was tried and its last error, so a parked (failed) task is visible at a glance."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from complaintdesk.jobs.models import ScheduledRun

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskAdmin(DBTaskResultAdmin):
    list_display: tuple[str, ...] = (  # type: ignore[assignment]
        "id",
        "task_name",
        "status",
        "attempts",
        "last_error",
        "enqueued_at",
        "run_after",
        "finished_at",
        "queue_name",
    )
    search_fields = ("task_path", "exception_class_path")

    @admin.display(description=_("attempts"))
    def attempts(self, obj: DBTaskResult) -> int:
        return len(obj.worker_ids)

    @admin.display(description=_("last error"))
    def last_error(self, obj: DBTaskResult) -> str:
        return obj.exception_class_path.rpartition(".")[2]


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    list_display = ("job", "slot", "enqueued_at")
    list_filter = ("job",)

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
