"""What the dated pages' tests (issue 15, core.asof) share: the message an unreadable date
gets, a date as the pages print it, the messages a response carries."""

UNREADABLE = "Không đọc được ngày (dd/mm/yyyy); số liệu tính đến hôm nay."


def day_text(day):
    """`day` as the pages print it and read it back (dd/mm/yyyy)."""
    return day.strftime("%d/%m/%Y")


def messages_of(response):
    """The texts of the messages shown with `response`, in order."""
    return [str(message) for message in response.context["messages"]]
