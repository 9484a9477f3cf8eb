/*
 * import_items.h — the annual work plan's ledger as an import kind (see import_items.c):
 * its columns, which the items export also writes so an exported plan imports back unchanged,
 * and the upsert of one row.
 */
#ifndef DUIKOU_IMPORT_ITEMS_H
#define DUIKOU_IMPORT_ITEMS_H
#include "service/imports.h"

/* The columns: 事项编号, 计划年度, 对口合作关系, 领域, 事项名称, 工作内容, 牵头单位, 配合单位,
 * 开始时间, 完成时限, 完成进度（%）, 进展日期, 进展情况 — with the variants offices write. */
extern const struct ledger_col import_item_cols[];
/* Upserts one item row by its code within the pairing (import_apply_fn). */
int import_apply_item(db *d, const struct actor *who, json_t *row, enum import_outcome *out, json_t **changes, dk_err *e);

#endif
