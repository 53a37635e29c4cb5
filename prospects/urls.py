from django.urls import path

from prospects import group_views, move_views, panels, views

app_name = "prospects"

urlpatterns = [
    path("", views.prospect_list, name="list"),
    path("export.csv", views.prospect_export, {"fmt": "csv"}, name="export-csv"),
    path("export.xlsx", views.prospect_export, {"fmt": "xlsx"}, name="export-xlsx"),
    path("matrix/", views.prospect_matrix, name="matrix"),
    path("new/", views.prospect_create, name="create"),
    path("bulk/", move_views.bulk, name="bulk"),
    path("hand-over/", move_views.hand_over_leaving, name="hand-over"),
    path("filters/", move_views.saved_filter_create, name="filter-save"),
    path("filters/delete/", move_views.saved_filter_remove, name="filter-delete"),
    path("<int:pk>/", views.prospect_detail, name="detail"),
    path("<int:pk>/edit/", views.prospect_edit, name="edit"),
    path("<int:pk>/merge/", move_views.merge_accounts, name="merge"),
    path("<int:pk>/group/", group_views.group_page, name="group"),
    path("<int:pk>/financials/", views.financials, name="financials"),
    path("<int:pk>/transactions/", views.transactions, name="transactions"),
    path("<int:pk>/advantages/", views.advantages_edit, name="advantages"),
    path("<int:pk>/profile.pdf", views.profile_pdf, name="profile-pdf"),
]

for kind in views.ROWS:
    urlpatterns += [
        path(f"<int:pk>/{kind}/new/", views.row_create, {"kind": kind}, name=f"{kind}-create"),
        path(f"<int:pk>/{kind}/<int:row_pk>/edit/", views.row_edit, {"kind": kind}, name=f"{kind}-edit"),
        path(f"<int:pk>/{kind}/<int:row_pk>/delete/", views.row_delete, {"kind": kind}, name=f"{kind}-delete"),
    ]  # fmt: skip

for kind in views.SECTIONS:
    urlpatterns.append(
        path(f"<int:pk>/{kind}/", views.section_edit, {"kind": kind}, name=kind)
    )

# The account page's sections that load on their own (prospects.panels), each at
# an address of its own; the apps registered them when they were ready.
for panel in panels.loading_apart():
    urlpatterns.append(
        path(
            f"<int:pk>/sections/{panel.name}/",
            views.prospect_panel,
            {"name": panel.name},
            name=f"panel-{panel.name}",
        )
    )
