"""Locust users for the load test (run by bench/load.py): district staff reading pages and
correcting members at the same time.

Reads: the tree with a search, the district's page, its wave dashboard, a congress, the member
list. Writes: a member's ethnicity toggled through the edit form with the version it loaded
(a 302 is an accepted write, a 200 a refusal: someone else saved first), and a progress report
on the congress entered through its page's form (always a 302; the runner checks that each one
left its entry and audit row). The counts go to the LOAD_COUNTS file the runner reads.
"""

import os
import random
import re
from pathlib import Path

from locust import FastHttpUser, between, events, task

USERNAME = os.environ.get("LOAD_USERNAME", "canbo.tayho")
PASSWORD = os.environ.get("LOAD_PASSWORD", "demo-congress-2025")
TARGETS = os.environ.get("LOAD_TARGETS", "")  # "district_pk,congress_pk,member_pk,member_pk,..."
COUNTS = Path(os.environ.get("LOAD_COUNTS", "/tmp/congress_load_counts"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VALUE = re.compile(r'name="(\w+)"[^>]*value="([^"]*)"')
SELECTED = re.compile(r'<select name="(\w+)"[^>]*>.*?<option value="([^"]*)" selected', re.S)
REPORTED_ON = re.compile(r'name="reported_on"[^>]*value="([^"]*)"')
STAGE_REACHED = re.compile(
    r'<select name="stage_reached"[^>]*>.*?<option value="([^"]*)" selected', re.S
)

accepted = 0
refused = 0
progress_posted = 0


@events.quitting.add_listener
def _write_counts(environment, **_kwargs):
    COUNTS.write_text(f"{accepted} {refused} {progress_posted}\n")


class DistrictStaff(FastHttpUser):
    # geventhttpclient rather than requests: the load generator shares the server's two cores,
    # and requests spent about a fifth of them.
    wait_time = between(0.05, 0.15)

    def on_start(self):
        district, congress, *members = (int(value) for value in TARGETS.split(","))
        self.district, self.congress, self.members = district, congress, members
        page = self.client.get("/accounts/login/", name="login")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            "/accounts/login/",
            {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="login",
        )

    @task(3)
    def tree_search(self):
        self.client.get("/organizations/?q=xuan+la", name="tree search")

    @task(3)
    def district_page(self):
        self.client.get(f"/organizations/{self.district}/", name="organization page")

    @task(2)
    def dashboard(self):
        self.client.get(f"/congresses/organizations/{self.district}/dashboard/", name="dashboard")

    @task(2)
    def congress_page(self):
        self.client.get(f"/congresses/{self.congress}/", name="congress page")

    @task(1)
    def record_progress(self):
        """A working group's report through the congress page's form: the stage it already
        reached (the form's default), today, a note."""
        global progress_posted
        page = self.client.get(f"/congresses/{self.congress}/", name="congress page")
        data = {
            "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
            "reported_on": REPORTED_ON.search(page.text).group(1),
            "stage_reached": STAGE_REACHED.search(page.text).group(1),
            "note": "Đã hoàn thành dự thảo báo cáo chính trị, đang lấy ý kiến đảng viên.",
            "difficulties": "",
        }
        with self.client.post(
            f"/congresses/{self.congress}/progress/",
            data,
            name="progress save",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                progress_posted += 1
                response.success()
            else:
                response.failure(f"status {response.status_code}")

    @task(2)
    def members(self):
        self.client.get(f"/organizations/{self.district}/members/", name="member list")

    @task(2)
    def edit_member(self):
        global accepted, refused
        member = random.choice(self.members)
        url = f"/organizations/members/{member}/edit/"
        form = self.client.get(url, name="member edit form")
        data = dict(VALUE.findall(form.text))
        data.update(SELECTED.findall(form.text))
        data["ethnicity"] = "Tày" if data.get("ethnicity") == "Kinh" else "Kinh"
        with self.client.post(
            url, data, name="member edit save", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 302:
                accepted += 1
                response.success()
            elif response.status_code == 200:
                refused += 1  # a concurrent save won: the form says so, nothing is lost
                response.success()
            else:
                response.failure(f"status {response.status_code}")
