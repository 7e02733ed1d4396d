from django.http import HttpResponse

from complaintdesk.complaints.selectors import complaint_for_tracking_token


def track(request, token):
    complaint = complaint_for_tracking_token(token)
    return HttpResponse(complaint.reference)
