/* ffa-consumer: checks ffa-lab's golden vectors from C, knowing only the published format
 * (vectors/README.md, vectors/schema/) and the FF-A spec's layouts (ffa_wire.h).
 *   - MANIFEST.json: every file's sha256 and test count, the total;
 *   - every vector file: header against its manifest entry, unique tcIds, declared flags;
 *   - descriptor suites: decode, compare fields, re-encode, and refuse the invalid ones for the
 *     stated rule, all with this program's own codec.
 * Usage: ffa-consumer [--verbose] [--known-gaps FILE] VECTORS_DIR. Exit 0 only if every check passed. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "hex.h"
#include "json.h"
#include "report.h"
#include "sha256.h"

#define MAX_FILES 512

struct manifest_entry {
	const char *path;
	const char *suite;
	const char *schema;
	const char *generator;
	int64_t tests;
	const char *sha256;
};

/* consumers/known-gaps.txt: "<consumer> <file> <tcId> <why>" lines; this program takes "c" and "both". */
struct gap {
	char file[128];
	long tc_id;
	char why[400];
};
static struct gap gaps[64];
static size_t n_gaps;

static int load_gaps(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[600];
	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL && n_gaps < sizeof(gaps) / sizeof(gaps[0])) {
		struct gap *g = &gaps[n_gaps];
		char who[16];
		int used = 0;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%15s %127s %ld %n", who, g->file, &g->tc_id, &used) < 3 ||
		    (strcmp(who, "c") != 0 && strcmp(who, "both") != 0))
			continue;
		snprintf(g->why, sizeof(g->why), "%s", line + used);
		g->why[strcspn(g->why, "\n")] = '\0';
		n_gaps++;
	}
	fclose(f);
	return 1;
}

static const char *find_gap(const char *file, long tc_id)
{
	for (size_t i = 0; i < n_gaps; i++)
		if (gaps[i].tc_id == tc_id && strcmp(gaps[i].file, file) == 0)
			return gaps[i].why;
	return NULL;
}

static char *join(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, rel);
	return p;
}

/* A manifest path must stay inside the vectors folder. */
static int safe_path(const char *p)
{
	if (p[0] == '/' || strstr(p, "..") != NULL || strchr(p, '\\') != NULL)
		return 0;
	return 1;
}

static int parse_result(const char *s, enum vec_result *out)
{
	if (s == NULL)
		return 0;
	if (strcmp(s, "valid") == 0)
		*out = RESULT_VALID;
	else if (strcmp(s, "invalid") == 0)
		*out = RESULT_INVALID;
	else if (strcmp(s, "acceptable") == 0)
		*out = RESULT_ACCEPTABLE;
	else
		return 0;
	return 1;
}

/* Fills the parts of a descriptor test every group type shares. Returns 0 after reporting. */
static int load_desc_test(struct report *r, const json_value *group, const json_value *test, struct desc_test *t)
{
	char why[256];
	memset(t, 0, sizeof(*t));
	rows_init(&t->rows);
	t->group = group;
	t->json = test;
	if (!parse_result(json_get_string(test, "result"), &t->result))
		return report_fail(r, "result is not valid, invalid or acceptable");
	const char *hex = json_get_string(test, "bytes");
	if (hex != NULL) {
		t->bytes = hex_decode(hex, &t->len);
		if (t->bytes == NULL)
			return report_fail(r, "bytes are not lowercase hex of even length");
	}
	const json_value *err = json_get_object(test, "error");
	if (err != NULL) {
		int64_t off;
		const char *rule = json_get_string(err, "rule");
		t->error_field = json_get_string(err, "field");
		if (rule == NULL || t->error_field == NULL || !json_get_int(err, "offset", &off) || off < 0)
			return report_fail(r, "error needs rule, field and offset");
		t->error_rule = ffa_rule_from_name(rule);
		if (t->error_rule == FFA_RULE_COUNT)
			return report_fail(r, "unknown rule %s", rule);
		t->error_offset = (uint32_t)off;
		t->has_error = 1;
	}
	if (t->result == RESULT_INVALID && !t->has_error)
		return report_fail(r, "an invalid test without an error");
	const json_value *fields = json_get_array(test, "fields");
	if (fields != NULL) {
		if (!rows_load(fields, &t->rows, why, sizeof(why)))
			return report_fail(r, "%s", why);
		t->has_rows = 1;
		if (t->bytes != NULL && !rows_match_bytes(&t->rows, t->bytes, t->len, why, sizeof(why)))
			return report_fail(r, "the vector's own field table disagrees with its bytes: %s", why);
	} else if (t->result != RESULT_INVALID && t->bytes != NULL) {
		return report_fail(r, "a %s vector without a field table", t->result == RESULT_VALID ? "valid" : "acceptable");
	}
	return 1;
}

static void free_desc_test(struct desc_test *t)
{
	free(t->bytes);
	rows_free(&t->rows);
}

static void run_descriptor_file(struct report *r, const json_value *doc)
{
	const json_value *groups = json_get_array(doc, "testGroups");
	for (size_t g = 0; groups && g < groups->u.array.count; g++) {
		const json_value *group = groups->u.array.items[g];
		const char *type = json_get_string(group, "type");
		const json_value *tests = json_get_array(group, "tests");
		for (size_t i = 0; tests && i < tests->u.array.count; i++) {
			const json_value *test = tests->u.array.items[i];
			int64_t tc = -1;
			json_get_int(test, "tcId", &tc);
			report_begin_test(r, (long)tc, find_gap(r->file, (long)tc));
			struct desc_test t;
			if (load_desc_test(r, group, test, &t)) {
				if (type == NULL)
					report_fail(r, "group without type");
				else if (strcmp(type, "EndpointRxtxDescriptor") == 0)
					check_rxtx(r, &t);
				else if (strcmp(type, "MemTransactionDescriptor") == 0)
					check_memtx(r, &t);
				else if (strcmp(type, "PartitionInfoDescriptors") == 0)
					check_partinfo(r, &t);
				else if (strcmp(type, "UuidRegisters") == 0)
					check_uuid(r, &t);
				else
					report_fail(r, "unknown descriptor group type %s", type);
			}
			free_desc_test(&t);
			report_end_test(r, json_get_string(test, "comment") ? json_get_string(test, "comment") : "");
		}
	}
}

/* Header of a vector file against its manifest entry; tcIds; flags. Returns the test count. */
static long check_vector_header(struct report *r, const struct manifest_entry *m, const json_value *doc)
{
	int64_t declared = -1;
	const char *suite = json_get_string(doc, "suite");
	const char *schema = json_get_string(doc, "schema");
	const char *gen = json_get_string(doc, "generatorVersion");
	if (suite == NULL || strcmp(suite, m->suite) != 0)
		report_fail(r, "suite %s, the manifest says %s", suite ? suite : "(none)", m->suite);
	if (schema == NULL || strcmp(schema, m->schema) != 0)
		report_fail(r, "schema %s, the manifest says %s", schema ? schema : "(none)", m->schema);
	if (gen == NULL || strcmp(gen, m->generator) != 0)
		report_fail(r, "generatorVersion %s, the manifest says %s", gen ? gen : "(none)", m->generator);
	if (!json_get_int(doc, "numberOfTests", &declared))
		report_fail(r, "no numberOfTests");
	const json_value *flags = json_get_object(doc, "flags");
	const json_value *groups = json_get_array(doc, "testGroups");
	if (groups == NULL) {
		report_fail(r, "no testGroups");
		return 0;
	}
	long count = 0;
	size_t cap = 64, n_ids = 0;
	int64_t *ids = malloc(cap * sizeof(*ids));
	for (size_t g = 0; g < groups->u.array.count; g++) {
		const json_value *tests = json_get_array(groups->u.array.items[g], "tests");
		if (tests == NULL) {
			report_fail(r, "testGroups[%zu] has no tests", g);
			continue;
		}
		for (size_t i = 0; i < tests->u.array.count; i++) {
			const json_value *test = tests->u.array.items[i];
			int64_t tc;
			count++;
			if (!json_get_int(test, "tcId", &tc) || tc < 1) {
				report_fail(r, "testGroups[%zu].tests[%zu] has no positive tcId", g, i);
				continue;
			}
			for (size_t k = 0; k < n_ids; k++)
				if (ids[k] == tc)
					report_fail(r, "tcId %lld used twice", (long long)tc);
			if (ids != NULL && n_ids == cap) {
				int64_t *nid = realloc(ids, cap * 2 * sizeof(*ids));
				if (nid == NULL) {
					free(ids);
					ids = NULL;
				} else {
					ids = nid;
					cap *= 2;
				}
			}
			if (ids != NULL)
				ids[n_ids++] = tc;
			const json_value *tf = json_get_array(test, "flags");
			for (size_t k = 0; tf && k < tf->u.array.count; k++) {
				const json_value *f = tf->u.array.items[k];
				if (f->type != JSON_STRING || json_get(flags, f->u.string.chars) == NULL)
					report_fail(r, "tcId %lld uses a flag the file does not explain", (long long)tc);
			}
		}
	}
	free(ids);
	if (declared != count)
		report_fail(r, "numberOfTests says %lld, the file holds %ld tests", (long long)declared, count);
	if (m->tests != count)
		report_fail(r, "the manifest says %lld tests, the file holds %ld", (long long)m->tests, count);
	return count;
}

/* Every *.json under dir/sub must be listed in the manifest (nothing left unchecked). */
static void check_unlisted(struct report *r, const char *dir, const char *sub, const struct manifest_entry *m, size_t n)
{
	char *path = join(dir, sub);
	DIR *d = path ? opendir(path) : NULL;
	if (d == NULL) {
		free(path);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		char rel[512];
		snprintf(rel, sizeof(rel), "%s/%s", sub, e->d_name);
		int listed = 0;
		for (size_t i = 0; i < n; i++)
			listed |= strcmp(m[i].path, rel) == 0;
		if (!listed) {
			r->file = "MANIFEST.json";
			report_fail(r, "%s is not listed", rel);
		}
	}
	closedir(d);
	free(path);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: ffa-consumer [--verbose] [--known-gaps FILE] VECTORS_DIR\n"
		   "Checks ffa-lab's golden vectors with this program's own JSON reader, SHA-256 and FF-A codecs:\n"
		   "manifest pins and counts for every file; every descriptor vector decoded, compared field by\n"
		   "field, re-encoded and compared byte by byte; every invalid one refused for its stated rule.\n"
		   "Prints one line per failure and closes with `c-consumer: N passed, M failed`.\n"
		   "  --known-gaps FILE  tests listed there for c or both (\"<consumer> <file> <tcId> <why>\") are skipped while\n"
		   "                     they fail, and fail the run once they pass\n"
		   "  --verbose          one line per test\n");
}

int main(int argc, char **argv)
{
	struct report r = {.tc_id = -1};
	const char *dir = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
			r.verbose = 1;
		} else if (strcmp(argv[i], "--known-gaps") == 0 && i + 1 < argc) {
			if (!load_gaps(argv[++i])) {
				fprintf(stderr, "c-consumer: cannot read %s: %s\n", argv[i], strerror(errno));
				return 2;
			}
		} else if (argv[i][0] == '-' || dir != NULL) {
			usage(stderr);
			return 2;
		} else {
			dir = argv[i];
		}
	}
	if (dir == NULL) {
		usage(stderr);
		return 2;
	}

	char err[256];
	size_t len;
	char *mpath = join(dir, "MANIFEST.json");
	char *mtext = mpath ? json_read_file(mpath, &len) : NULL;
	if (mtext == NULL) {
		fprintf(stderr, "c-consumer: cannot read %s: %s\n", mpath ? mpath : dir, strerror(errno));
		printf("c-consumer: 0 passed, 1 failed\n");
		free(mpath);
		return 1;
	}
	json_value *manifest = json_parse(mtext, len, err, sizeof(err));
	r.file = "MANIFEST.json";
	const json_value *files = manifest ? json_get_array(manifest, "files") : NULL;
	if (manifest == NULL || files == NULL) {
		report_fail(&r, "%s", manifest ? "no files array" : err);
		printf("c-consumer: 0 passed, %u failed\n", r.failed);
		json_free(manifest);
		free(mtext);
		free(mpath);
		return 1;
	}
	const char *mschema = json_get_string(manifest, "schema");
	if (mschema == NULL || strcmp(mschema, "manifest.schema.json") != 0)
		report_fail(&r, "schema is not manifest.schema.json");
	int64_t mtotal = -1;
	json_get_int(manifest, "numberOfTests", &mtotal);

	static struct manifest_entry entries[MAX_FILES];
	size_t n = 0;
	int64_t sum = 0;
	unsigned descriptor_files = 0;
	for (size_t i = 0; i < files->u.array.count; i++) {
		const json_value *f = files->u.array.items[i];
		struct manifest_entry m = {
			.path = json_get_string(f, "path"),
			.suite = json_get_string(f, "suite"),
			.schema = json_get_string(f, "schema"),
			.generator = json_get_string(f, "generatorVersion"),
			.sha256 = json_get_string(f, "sha256"),
		};
		r.file = "MANIFEST.json";
		if (!m.path || !m.suite || !m.schema || !m.generator || !m.sha256 || !json_get_int(f, "numberOfTests", &m.tests)) {
			report_fail(&r, "files[%zu] lacks path, suite, schema, generatorVersion, numberOfTests or sha256", i);
			continue;
		}
		if (!safe_path(m.path)) {
			report_fail(&r, "files[%zu] path %s leaves the vectors folder", i, m.path);
			continue;
		}
		if (n == MAX_FILES) {
			report_fail(&r, "more than %d files", MAX_FILES);
			break;
		}
		entries[n++] = m;
		sum += m.tests;

		r.file = m.path;
		char *fpath = join(dir, m.path);
		size_t flen;
		char *text = fpath ? json_read_file(fpath, &flen) : NULL;
		free(fpath);
		if (text == NULL) {
			report_fail(&r, "listed in the manifest but cannot be read: %s", strerror(errno));
			continue;
		}
		char digest[65];
		sha256_hex(text, flen, digest);
		if (strcmp(digest, m.sha256) != 0)
			report_fail(&r, "sha256 %s, the manifest pins %s", digest, m.sha256);
		else
			r.files_pinned++;
		json_value *doc = json_parse(text, flen, err, sizeof(err));
		if (doc == NULL) {
			report_fail(&r, "not JSON: %s", err);
		} else if (strcmp(m.suite, "schema") != 0) {
			check_vector_header(&r, &m, doc);
			if (strcmp(m.suite, "descriptors") == 0) {
				descriptor_files++;
				unsigned before = r.passed + r.failed + r.skipped;
				run_descriptor_file(&r, doc);
				printf("%-44s %u descriptor vectors\n", m.path, r.passed + r.failed + r.skipped - before);
			} else {
				const char *by = strcmp(m.suite, "spmc") == 0 || strcmp(m.suite, "mediator") == 0
				                     ? "replayed by the Python consumer"
				                 : strcmp(m.suite, "concurrency") == 0 ? "checked by the Python consumer"
				                                                       : "no checker: manifest only";
				printf("%-44s pinned (%lld tests; %s)\n", m.path, (long long)m.tests, by);
			}
		}
		json_free(doc);
		free(text);
	}
	r.file = "MANIFEST.json";
	if (mtotal != sum)
		report_fail(&r, "numberOfTests says %lld, the files sum to %lld", (long long)mtotal, (long long)sum);
	check_unlisted(&r, dir, "descriptors", entries, n);
	check_unlisted(&r, dir, "mediator", entries, n);
	check_unlisted(&r, dir, "spmc", entries, n);
	check_unlisted(&r, dir, "concurrency", entries, n);
	check_unlisted(&r, dir, "schema", entries, n);
	if (descriptor_files == 0) {
		report_fail(&r, "no descriptor suite in the manifest: nothing to check");
	}
	json_free(manifest);
	free(mtext);
	free(mpath);
	if (r.skipped)
		printf("c-consumer: %u passed, %u failed, %u skipped as known gaps (%u files pinned by sha256, %zu listed)\n",
		       r.passed, r.failed, r.skipped, r.files_pinned, n);
	else
		printf("c-consumer: %u passed, %u failed (%u files pinned by sha256, %zu listed)\n", r.passed, r.failed,
		       r.files_pinned, n);
	return r.failed == 0 && r.passed > 0 ? 0 : 1;
}
