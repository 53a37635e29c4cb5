"""Helpers the apps' tests share."""


def loaded_version(model, **lookup):
    """The hidden ``version`` an edit page renders for its record, read fresh from the
    database: what a browser that just loaded the page posts back (each save bumps it).

    Nothing when there is no record yet: a first save creates it and needs no version.
    """
    version = (
        model._default_manager.filter(**lookup)
        .values_list("version", flat=True)
        .first()
    )
    return {} if version is None else {"version": version}
