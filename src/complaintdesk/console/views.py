from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

login_view = auth_views.LoginView.as_view()
logout_view = auth_views.LogoutView.as_view()


@login_required
def queue(request):
    return HttpResponse("queue")
