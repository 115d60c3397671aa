from django.urls import path

from voting import list_views, paper_views, views

app_name = "voting"

urlpatterns = [
    path("alv/", views.my_meetings, name="mine"),
    path("alv/<int:pk>/", views.meeting_page, name="meeting"),
    path("alv/<int:pk>/online/", views.online_check_in, name="online_check_in"),
    path("alv/<int:pk>/stemmen/<int:poll_pk>/", views.ballot, name="ballot"),
    path("alv/<int:pk>/stemmen/<int:poll_pk>/uitbrengen/", views.cast, name="cast"),
    path("alv/<int:pk>/uitslag/<int:poll_pk>/", views.results, name="results"),
    path("alv/<int:pk>/telling/<int:poll_pk>/", views.live_count, name="live_count"),
    path(
        "alv/<int:pk>/uitslag/<int:poll_pk>/stembiljetten.csv",
        views.ballots_csv,
        name="ballots_csv",
    ),
    path(
        "alv/<int:pk>/uitslag/<int:poll_pk>/stembiljetten.json",
        views.ballots_json,
        name="ballots_json",
    ),
    path("alv/<int:pk>/scherm/", views.projector, name="projector"),
    path(
        "alv/<int:pk>/kandidatenlijst/<int:list_pk>/",
        list_views.list_vote_member_page,
        name="list_vote_member",
    ),
    # The chair's console and the tellers' desk live under /staff/, where a second factor is
    # required (members.middleware.StaffSecondFactorMiddleware).
    path("staff/alv/<int:pk>/", views.console, name="console"),
    path("staff/alv/<int:pk>/inchecken/", views.teller, name="teller"),
    path(
        "staff/alv/<int:pk>/papier/<int:poll_pk>/",
        paper_views.paper_desk,
        name="paper_desk",
    ),
    path(
        "staff/alv/<int:pk>/kandidatenlijst/<int:list_pk>/",
        list_views.list_vote_page,
        name="list_vote",
    ),
    path("staff/alv/<int:pk>/inchecken/<str:code>/", views.teller_code, name="teller_code"),
]
