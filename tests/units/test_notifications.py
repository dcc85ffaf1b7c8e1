import time

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from tests.factories import Role, make_user
from units import services
from units.models import Notification

pytestmark = pytest.mark.django_db


def test_notice_is_stored_and_emailed_after_commit(staff_a, django_capture_on_commit_callbacks):
    staff_a.email = "canbo@example.gov.vn"
    staff_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(
            users=[staff_a], title="Hồ sơ bị trả lại", body="Bổ sung biên bản.", url="/ho-so/1/"
        )
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Vinh danh] Hồ sơ bị trả lại"
    assert "Bổ sung biên bản." in mail.outbox[0].body
    assert "/ho-so/1/" in mail.outbox[0].body
    assert Notification.objects.get().emailed_at is not None


def test_a_rolled_back_change_sends_nothing(staff_a, django_capture_on_commit_callbacks):
    staff_a.email = "canbo@example.gov.vn"
    staff_a.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.notification_send(users=[staff_a], title="Sẽ bị hủy")
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_sending_the_same_notices_twice_emails_once(staff_a):
    from units.tasks import send_notification_emails

    staff_a.email = "canbo@example.gov.vn"
    staff_a.save()
    notice = Notification.objects.create(user=staff_a, title="Đã thẩm định")
    assert send_notification_emails([notice.pk]) == 1
    assert send_notification_emails([notice.pk]) == 0
    assert len(mail.outbox) == 1


def test_user_sees_only_own_notices_and_marks_them_read(client_for, staff_a, staff_b):
    Notification.objects.create(user=staff_a, title="Thông báo cho A")
    Notification.objects.create(user=staff_b, title="Thông báo cho B")
    c = client_for(staff_a)
    html = c.get(reverse("units:notifications")).content.decode()
    assert "Thông báo cho A" in html
    assert "Thông báo cho B" not in html
    assert "Thông báo cho A" in c.get(reverse("home")).content.decode()
    c.post(reverse("units:notifications_read"))
    assert not Notification.objects.filter(user=staff_a).unread().exists()
    assert Notification.objects.filter(user=staff_b).unread().exists()


@pytest.mark.integration
def test_a_real_worker_emails_notices_through_redis(celery_worker_process):
    """The worker is a separate process (its mail stays in its own memory), so
    we read the row it claims after sending."""
    user = make_user(Role.UNIT_STAFF, username="nhan-thu", email="nhan@example.gov.vn")
    with transaction.atomic():
        notices = services.notification_send(users=[user], title="Đã ra quyết định khen thưởng")
    deadline = time.monotonic() + 60
    notice = notices[0]
    while time.monotonic() < deadline:
        notice.refresh_from_db()
        if notice.emailed_at:
            break
        time.sleep(0.5)
    assert notice.emailed_at is not None, "the worker did not process the task"
