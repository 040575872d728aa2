/* Intentionally empty: this module exists to carry pkg-config "icu-uc icu-i18n" link flags. */
