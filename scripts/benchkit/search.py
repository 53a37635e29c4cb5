"""The search box at team scale: GET /search/?q= as a manager, a rep and an admin
over `--size large`, with the words people type (part of a Chinese name, its
pinyin and initials, a contact, a word of a visit record)."""

from benchkit.env import say

SEARCH_CODE = """
import statistics, time
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.utils import translation
from pypinyin import Style, lazy_pinyin
from accounts.models import User
from kam.search import search_page
from prospects.models import Contact, Prospect
from visits.models import Visit
translation.activate('zh-hans')
factory = RequestFactory()
users = [User.objects.get(username=name) for name in ('manager_a', 'rep_a1', 'admin')]
rep = users[1]
account = Prospect.objects.visible_to(rep).order_by('pk').first()
word = account.name[2:4]
contact = Contact.objects.visible_to(rep).order_by('pk').first()
visit = Visit.objects.visible_to(rep).exclude(talking_points='').order_by('pk').first()
queries = [word, ''.join(lazy_pinyin(word)), ''.join(lazy_pinyin(word, style=Style.FIRST_LETTER)),
           contact.name, visit.talking_points[:4], account.credit_code[:10] or '9132']
times = []
for user in users:
    for query in queries:
        request = factory.get('/search/', {'q': query}, HTTP_HOST='127.0.0.1')
        request.user, request.session = user, {}
        request._messages = FallbackStorage(request)
        search_page(request)  # warm
        for _ in range(5):
            started = time.perf_counter(); search_page(request).content; times.append(time.perf_counter() - started)
print(queries)
print(f'{statistics.median(times) * 1000:.1f} {sorted(times)[int(len(times) * 0.95)] * 1000:.1f}')
"""


def bench_search(database, results):
    output = database.shell(SEARCH_CODE).strip().splitlines()  # [queries, figures]
    median, p95 = (float(n) for n in output[-1].split())
    say(f"\nSearch ({database.label}): median {median:.1f} ms, p95 {p95:.1f} ms over {output[-2]} as a manager, a rep and an admin.")  # fmt: skip
    results.append((f"{database.label}: search page (median)", f"{median:.1f} ms", "< 50 ms", median < 50))  # fmt: skip
