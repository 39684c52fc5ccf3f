/* Pass/fail bookkeeping of the C vector consumer. */
#include "report.h"

#include <stdarg.h>
#include <stdio.h>

int report_fail(struct report *r, const char *fmt, ...)
{
	va_list ap;
	if (r->tc_id >= 0)
		fprintf(stderr, "%s %s tcId %ld: ", r->gap ? "gap " : "FAIL", r->file ? r->file : "?", r->tc_id);
	else
		fprintf(stderr, "FAIL %s: ", r->file ? r->file : "?");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (r->tc_id >= 0)
		r->test_failed = 1;
	else
		r->failed++;
	return 0;
}

void report_begin_test(struct report *r, long tc_id, const char *gap)
{
	r->tc_id = tc_id;
	r->test_failed = 0;
	r->gap = gap;
}

void report_end_test(struct report *r, const char *what)
{
	if (r->gap && r->test_failed) {
		r->skipped++;
		fprintf(stderr, "skip %s tcId %ld: known gap: %s\n", r->file, r->tc_id, r->gap);
	} else if (r->gap) {
		r->failed++;
		fprintf(stderr, "FAIL %s tcId %ld: listed in known-gaps.txt but passes: remove the line\n", r->file, r->tc_id);
	} else if (r->test_failed) {
		r->failed++;
	} else {
		r->passed++;
	}
	r->gap = NULL;
	if (r->verbose)
		printf("  %s %s tcId %ld: %s\n", r->test_failed ? "FAIL" : "ok  ", r->file, r->tc_id, what);
	r->tc_id = -1;
	r->test_failed = 0;
}
