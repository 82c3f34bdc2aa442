"""Every section in the menu has its index page, even before its first item.

Pelican writes a category page (/news/, /events/) only once the category has a
published item; until then the menu's link would lead nowhere and the link
checker would (rightly) fail the build. This writes the empty index instead,
with the same template, which says there is nothing yet.
"""

from pelican.generators import Generator
from pelican.urlwrappers import Category

from hksmega.plugin.events import EVENTS


class EmptySectionsGenerator(Generator):
    def generate_output(self, writer):
        published = {category.slug for category, _ in self.context.get("categories", [])}
        for folder in self.settings["ARTICLE_PATHS"]:
            category = Category(folder, self.settings)
            if category.slug in published:
                continue
            template = "events" if category.slug == EVENTS else "category"
            writer.write_file(
                category.save_as,
                self.get_template(template),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                paginated={"articles": []},
                template_name=template,
                url=category.url,
                category=category,
            )


def get_generators(pelican):
    return EmptySectionsGenerator
