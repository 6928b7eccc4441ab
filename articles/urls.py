from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<str:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("authors/<str:slug>/", views.AuthorArticlesView.as_view(), name="author"),
    path("tags/<str:slug>/", views.TagArticlesView.as_view(), name="tag"),
    path("preview/<str:signed_token>/", views.SharedArticleView.as_view(), name="share"),
]
