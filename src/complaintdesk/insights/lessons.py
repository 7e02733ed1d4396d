"""Reading the lessons learned: beside a complaint, those of its category; and the search."""

from __future__ import annotations

from django.db.models import Case, Q, QuerySet, Value, When

from complaintdesk.complaints.models import Complaint
from complaintdesk.insights.models import Lesson


def lessons_for(complaint: Complaint, *, limit: int = 5) -> list[Lesson]:
    """Lessons of the complaint's category (or its parent's), in its language first."""
    if complaint.category_id is None:
        return []
    categories = Q(category_id=complaint.category_id)
    if complaint.category and complaint.category.parent_id:
        categories |= Q(category_id=complaint.category.parent_id)
    same_language = Case(When(language=complaint.language, then=Value(0)), default=Value(1))
    return list(
        Lesson.objects.filter(categories)
        .exclude(complaint=complaint)
        .select_related("category")
        .order_by(same_language, "-created_at")[:limit]
    )


def search_lessons(*, category: int | None, language: str, text: str) -> QuerySet[Lesson]:
    lessons = Lesson.objects.select_related("category", "complaint")
    if category:
        lessons = lessons.filter(Q(category_id=category) | Q(category__parent_id=category))
    if language:
        lessons = lessons.filter(language=language)
    if text := text.strip():
        lessons = lessons.filter(Q(title__icontains=text) | Q(summary__icontains=text))
    return lessons
