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
                articles=[],  # not the site's: the section's, which has none (no feed yet)
            )


def add_template_global(generator):
    """`in_section(path, menu_url)`: whether the page at `path` ("news/a/") belongs to the
    menu item `menu_url`: under its address, or listed for it in MENU_SECTIONS. The
    header marks that item as current, and the breadcrumbs name it."""
    listed = generator.settings.get("MENU_SECTIONS", {})

    def in_section(path, menu_url):
        return path.startswith(menu_url) or path in listed.get(menu_url, [])

    generator.env.globals["in_section"] = in_section


def get_generators(pelican):
    return EmptySectionsGenerator
