from django.utils.translation import check_for_language, get_supported_language_variant


def user_remember_language(*, user, language):
    """Save ``language`` as the user's choice; an unknown language changes nothing."""
    if not language or not check_for_language(language):
        return
    try:
        # As the field's choices spell it: zh-Hans is zh-hans.
        language = get_supported_language_variant(language.lower())
    except LookupError:
        return
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def user_set_mobile(*, user, mobile):
    """The mobile number chat robots @-mention the user by ("" for none)."""
    user.mobile = user._meta.get_field("mobile").clean(mobile.strip(), user)
    user.save(update_fields=["mobile"])
