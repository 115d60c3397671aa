from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from vacancies.models import Vacancy
from vacancies.selectors import vacancies_recently_published


class NewVacanciesFeed(Feed):
    feed_type = Atom1Feed
    title = _("New vacancies")
    subtitle = _("Calls for board members, candidates and staff, newest first.")
    link = reverse_lazy("home")

    def items(self):
        return vacancies_recently_published()

    def item_title(self, item: Vacancy) -> str:
        return item.title

    def item_description(self, item: Vacancy) -> str:
        return item.summary

    def item_pubdate(self, item: Vacancy):
        return item.published_at

    def item_updateddate(self, item: Vacancy):
        return item.updated_at

    def item_categories(self, item: Vacancy):
        return [item.get_kind_display()]
