from django.db import models

from organizations import access


class ReportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Jobs about organizations inside the user's subtrees, whoever requested them."""
        return self.filter(access.visible_path_q(user, "organization__path"))
