"""Providers that a higher app registers with a lower one from its AppConfig.ready(), so that
the lower app shows what the higher one owns without importing it (docs/architecture.md,
"Layers"). Providers are kept in registration order, that is INSTALLED_APPS order."""


class Providers:
    """A list of provider functions, each registered once."""

    def __init__(self):
        self.providers = []

    def register(self, provider):
        if provider not in self.providers:
            self.providers.append(provider)

    def first_answer(self, *args):
        """The first provider's answer that is not None, or None."""
        for provider in self.providers:
            answer = provider(*args)
            if answer is not None:
                return answer
        return None
