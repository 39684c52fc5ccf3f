/* Pass/fail bookkeeping of the C vector consumer: one line per failure, a closing count. */
#ifndef FFA_CONSUMER_REPORT_H
#define FFA_CONSUMER_REPORT_H

#include <stddef.h>

struct report {
	int verbose;
	unsigned passed;
	unsigned failed;
	unsigned skipped;     /* known gaps (consumers/known-gaps.txt) that still fail */
	unsigned files_pinned;
	const char *gap;      /* why the current test is a known gap, or NULL */
	const char *file;   /* current vector file, relative to the vectors folder */
	long tc_id;         /* current test, -1 outside tests */
	int test_failed;    /* the current test has failed at least once */
};

/* Records a failure of the current test (or file) and prints it. Always returns 0. */
int report_fail(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* gap: the known-gap reason for this test, or NULL. */
void report_begin_test(struct report *r, long tc_id, const char *gap);
/* Counts the current test as passed unless report_fail was called for it. */
void report_end_test(struct report *r, const char *what);

#endif
