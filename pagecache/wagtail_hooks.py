from wagtail import hooks

from core import versions


@hooks.register("before_serve_page")
def note_page_for_the_cache(page, request, serve_args, serve_kwargs):
    """The page cache tags a response with the page that rendered it, so that a
    listing's feed and calendar routes are dropped with the listing."""
    if (state := versions.current.get()) is not None:
        state.page_path = page.get_url(request)
