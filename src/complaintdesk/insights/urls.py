from django.urls import path

from complaintdesk.insights import action_views, audit_views, lesson_views, problem_views, views

app_name = "insights"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("actions/", action_views.register, name="actions"),
    path("actions/new/", action_views.new_action, name="new_action"),
    path("actions/<int:pk>/", action_views.action_page, name="action"),
    path("actions/<int:pk>/<str:step>/", action_views.move_action, name="move_action"),
    path("problems/", problem_views.problems, name="problems"),
    path("problems/<int:pk>/", problem_views.problem_page, name="problem"),
    path("spikes/", problem_views.spike_alerts, name="spikes"),
    path("spikes/<int:pk>/dismiss/", problem_views.dismiss_spike, name="dismiss_spike"),
    path("audits/", audit_views.audits, name="audits"),
    path("audits/<int:pk>/", audit_views.audit_sample, name="audit"),
    path("reviews/", audit_views.reviews, name="reviews"),
    path("lessons/", lesson_views.lessons, name="lessons"),
    path("lessons/<str:reference>/", lesson_views.lessons_panel, name="lessons_panel"),
    path("lessons/<str:reference>/keep/", lesson_views.mark_lesson, name="mark_lesson"),
]
