/*
 * values.c: typed reads of JSON values (see values.h).
 */
#include "values.h"

#include <math.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>

#include "../base/util.h"

const cJSON *gw_member(const cJSON *obj, const char *key)
{
	if (!obj || !cJSON_IsObject(obj))
		return NULL;
	/* case-sensitive: layout and data keys are exact */
	for (const cJSON *c = obj->child; c; c = c->next)
		if (c->string && strcmp(c->string, key) == 0)
			return c;
	return NULL;
}

const cJSON *gw_require(const gw_json *j, gw_diags *d, const cJSON *obj, const char *key)
{
	const cJSON *m = gw_member(obj, key);
	if (!m)
		gw_json_error(j, d, obj, 0, "missing key \"%s\"", key);
	return m;
}

int gw_read_object(const gw_json *j, gw_diags *d, const cJSON *v)
{
	if (cJSON_IsObject(v))
		return 1;
	gw_json_error(j, d, v, 0, "expected an object");
	return 0;
}

int gw_read_string(const gw_json *j, gw_diags *d, const cJSON *v, const char **out)
{
	if (cJSON_IsString(v) && v->valuestring) {
		*out = v->valuestring;
		return 1;
	}
	gw_json_error(j, d, v, 0, "expected a string");
	return 0;
}

int gw_read_bool(const gw_json *j, gw_diags *d, const cJSON *v, int *out)
{
	if (cJSON_IsBool(v)) {
		*out = cJSON_IsTrue(v);
		return 1;
	}
	gw_json_error(j, d, v, 0, "expected true or false");
	return 0;
}

int gw_read_int(const gw_json *j, gw_diags *d, const cJSON *v, int lo, int hi, int *out)
{
	/* valuedouble, not valueint: cJSON saturates valueint silently */
	if (cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) && v->valuedouble >= lo &&
	    v->valuedouble <= hi) {
		*out = (int)v->valuedouble;
		return 1;
	}
	gw_json_error(j, d, v, 0, "expected an integer from %d to %d", lo, hi);
	return 0;
}

/* Parses "<number><unit>" into millipoints; 0 when malformed. */
static int parse_length(const char *s, double *pt)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || !isfinite(v))
		return 0;
	if (strcmp(end, "pt") == 0)
		*pt = v;
	else if (strcmp(end, "mm") == 0)
		*pt = v * 72.0 / 25.4;
	else if (strcmp(end, "cm") == 0)
		*pt = v * 720.0 / 25.4;
	else
		return 0;
	return 1;
}

static int read_length_in(const gw_json *j, gw_diags *d, const cJSON *v, double lo, double hi,
                          gw_len *out)
{
	double pt = 0;
	int ok = 0;
	if (cJSON_IsNumber(v)) {
		pt = v->valuedouble;
		ok = 1;
	} else if (cJSON_IsString(v)) {
		ok = parse_length(v->valuestring, &pt);
	}
	if (!ok) {
		gw_json_error(j, d, v, 0, "expected a length such as 16, \"16pt\" or \"37mm\"");
		return 0;
	}
	if (!(pt >= lo && pt <= hi)) {
		gw_json_error(j, d, v, 0, "length %gpt is out of range (%g to %gpt)", pt, lo, hi);
		return 0;
	}
	*out = (gw_len)lround(pt * 1000.0);
	return 1;
}

int gw_read_length(const gw_json *j, gw_diags *d, const cJSON *v, gw_len *out)
{
	/* no length is longer than the largest page PDF/A-2 allows (gw.h) */
	return read_length_in(j, d, v, 0, GW_PDF_MAX_PAGE / 1000, out);
}

/* Chinese font-size names, Word/WPS convention (standards.md 1.14). */
static const struct {
	const char *name;
	gw_len size; /* 1/1000 pt */
} zihao[] = {
        {"初号", 42000}, {"小初", 36000}, {"一号", 26000}, {"小一", 24000},
        {"二号", 22000}, {"小二", 18000}, {"三号", 16000}, {"小三", 15000},
        {"四号", 14000}, {"小四", 12000}, {"五号", 10500}, {"小五", 9000},
        {"六号", 7500},  {"小六", 6500},  {"七号", 5500},  {"八号", 5000},
};

int gw_read_font_size(const gw_json *j, gw_diags *d, const cJSON *v, gw_len *out)
{
	if (cJSON_IsString(v)) {
		for (size_t i = 0; i < sizeof zihao / sizeof zihao[0]; i++) {
			if (strcmp(v->valuestring, zihao[i].name) == 0) {
				*out = zihao[i].size;
				return 1;
			}
		}
		double pt;
		if (!parse_length(v->valuestring, &pt)) {
			gw_json_error(j, d, v, 0,
			              "expected a font size such as \"三号\", 16 or \"16pt\"");
			return 0;
		}
	}
	return read_length_in(j, d, v, 1, 600, out);
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

int gw_read_date(const gw_json *j, gw_diags *d, const cJSON *v, gw_date *out)
{
	const char *s;
	if (!gw_read_string(j, d, v, &s))
		return 0;
	int ok = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
	for (int i = 0; ok && i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			ok = 0;
	if (ok) {
		int y = atoi(s), m = atoi(s + 5), dd = atoi(s + 8);
		if (y >= 1000 && m >= 1 && m <= 12 && dd >= 1 && dd <= days_in_month(y, m)) {
			out->y = y, out->m = m, out->d = dd;
			return 1;
		}
		gw_json_error(j, d, v, 0, "no such date \"%s\"", s);
		return 0;
	}
	gw_json_error(j, d, v, 0, "expected a date \"YYYY-MM-DD\"");
	return 0;
}

int gw_read_text(const gw_json *j, gw_diags *d, const cJSON *v, gw_text *t)
{
	const char *s;
	if (!gw_read_string(j, d, v, &s))
		return 0;
	size_t len = strlen(s);
	if (len == 0) {
		gw_json_error(j, d, v, 0, "text is empty");
		return 0;
	}
	if (len > GW_MAX_TEXT_BYTES) {
		gw_json_error(j, d, v, 0, "text is longer than %u bytes", GW_MAX_TEXT_BYTES);
		return 0;
	}
	t->s = s;
	t->len = len;
	t->src.json = j;
	t->src.node = v;
	return 1;
}

int gw_read_date_or_text(const gw_json *j, gw_diags *d, const cJSON *v, gw_date *out)
{
	if (!cJSON_IsString(v)) {
		gw_json_error(j, d, v, 0, "expected a date \"YYYY-MM-DD\" or the date as text");
		return 0;
	}
	const char *s = v->valuestring;
	size_t len = strlen(s), digits = strspn(s, "0123456789-");
	if (len == 0) {
		gw_json_error(j, d, v, 0,
		              "the date is empty: expected \"YYYY-MM-DD\" or the date as it is "
		              "printed, such as \"一九九七年四月八日\"");
		return 0;
	}
	if (digits == len)
		return gw_read_date(j, d, v, out);
	if (len > GW_MAX_TEXT_BYTES) {
		gw_json_error(j, d, v, 0, "text is longer than %u bytes", GW_MAX_TEXT_BYTES);
		return 0;
	}
	if (strchr(s, '\n')) {
		gw_json_error_at_text(j, d, v, (size_t)(strchr(s, '\n') - s),
		                      "a line break (\\n) is not allowed here: a date is set on "
		                      "one line");
		return 0;
	}
	out->y = out->m = out->d = 0;
	out->text.s = s;
	out->text.len = len;
	out->text.src.json = j;
	out->text.src.node = v;
	return 1;
}

void gw_json_error_at_text(const gw_json *j, gw_diags *d, const cJSON *v, size_t off,
                           const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = gw_xvasprintf(fmt, ap);
	va_end(ap);
	gw_srcpos pos = off == (size_t)-1 ? gw_json_pos(j, v) : gw_json_text_pos(j, v, off);
	char *ptr = gw_json_pointer(j, v);
	gw_diags_add(d, gw_json_name(j), pos.line, pos.col, ptr, "%s", msg);
	free(ptr);
	free(msg);
}

void gw_json_warning_at_text(const gw_json *j, gw_diags *d, const cJSON *v, size_t off,
                             const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = gw_xvasprintf(fmt, ap);
	va_end(ap);
	gw_srcpos pos = off == (size_t)-1 ? gw_json_pos(j, v) : gw_json_text_pos(j, v, off);
	char *ptr = gw_json_pointer(j, v);
	gw_diags_warn(d, gw_json_name(j), pos.line, pos.col, ptr, "%s", msg);
	free(ptr);
	free(msg);
}
