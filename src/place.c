/*-------------------------------------------------------------------------
 *
 * place.c
 *	  Resolution of province and country names and codes.
 *
 *-------------------------------------------------------------------------
 */
#include "place.h"

#include <string.h>

#include "code_table.h"
#include "fold.h"

#define KEY_SIZE	96

/* Words that may precede a province name: "Tỉnh", "Thành phố", "TP." */
static const char *const province_prefixes[] = {"tinh ", "thanh pho ", "tp "};

static bool
is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		c == '\v' || c == '\f';
}

static bool
is_ascii_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* ISO 3166 alpha-2 codes are written as two upper-case ASCII letters */
static bool
is_iso_form(const char *input, size_t length)
{
	return length == 2 && is_ascii_upper(input[0]) && is_ascii_upper(input[1]);
}

static bool
is_code_text(const char *input, size_t length, int *code)
{
	size_t		i;
	int			value = 0;

	if (length == 0 || length > 3)
		return false;
	for (i = 0; i < length; i++)
	{
		if (input[i] < '0' || input[i] > '9')
			return false;
		value = value * 10 + (input[i] - '0');
	}
	*code = value;
	return true;
}

static bool
key_matches(const char *key, const char *name)
{
	char		folded[KEY_SIZE];

	if (name == NULL || !civid_fold_name(name, strlen(name), folded, KEY_SIZE))
		return false;
	return strcmp(key, folded) == 0;
}

static bool
key_matches_part(const char *key, const char *part, size_t length)
{
	char		folded[KEY_SIZE];

	if (!civid_fold_name(part, length, folded, KEY_SIZE))
		return false;
	return strcmp(key, folded) == 0;
}

/*
 * key_matches_country_part --- whether the key matches a shorter form of a
 * country's name: the name without its " (...)" part, a name inside the
 * brackets ("My" in "Hoa Ky (My)", either side of the ';' in "Canada
 * (Ca-na-da; Gia Na Dai)"), or either side of a '/', as in "Thanh Vatican
 * (Va-ti-cang)/Toa Thanh"
 */
static bool
key_matches_country_part(const char *key, const char *name)
{
	const char *bracket = strstr(name, " (");
	const char *slash = strchr(name, '/');

	if (bracket != NULL)
	{
		const char *inner = bracket + 2;
		const char *close = strchr(inner, ')');

		if (key_matches_part(key, name, (size_t) (bracket - name)))
			return true;
		while (close != NULL && inner < close)
		{
			const char *semicolon = memchr(inner, ';', (size_t) (close - inner));
			const char *end = semicolon ? semicolon : close;

			if (key_matches_part(key, inner, (size_t) (end - inner)))
				return true;
			inner = end + 1;
		}
	}
	if (slash != NULL)
	{
		const char *after = slash + 1;

		if (key_matches_part(key, name, (size_t) (slash - name)) ||
			key_matches_part(key, after, strlen(after)))
			return true;
	}
	return false;
}

static CividPlaceStatus
found(CividPlace *place, int code)
{
	place->code = code;
	return CIVID_PLACE_FOUND;
}

static CividPlaceStatus
resolve_province_name(const char *key, CividPlace *place)
{
	int			i;

	/* Provinces in force since 2025-07-01, by their current name */
	for (i = 0; i < civid_domestic_code_count; i++)
	{
		const DomesticCode *entry = &civid_domestic_codes[i];

		if (entry->current_code == entry->code &&
			key_matches(key, civid_domestic_current_name(entry, true)))
			return found(place, entry->code);
	}

	/* Then every earlier name, which may be a retired province */
	for (i = 0; i < civid_domestic_code_count; i++)
	{
		const DomesticCode *entry = &civid_domestic_codes[i];

		if (key_matches(key, entry->name_ascii))
		{
			place->former_name = (entry->merged_name != NULL);
			return found(place, entry->code);
		}
	}
	return CIVID_PLACE_NOT_FOUND;
}

/*
 * resolve_iso_code --- the country with an ISO 3166 alpha-2 code; Azerbaijan
 * and Croatia each have two codes, which makes their ISO codes ambiguous
 */
static CividPlaceStatus
resolve_iso_code(const char *key, CividPlace *place)
{
	int			i;

	for (i = 0; i < civid_country_code_count; i++)
	{
		const CountryCode *entry = &civid_country_codes[i];
		int			j;

		if (!key_matches(key, entry->iso_alpha2))
			continue;
		place->code = entry->code;
		for (j = i + 1; j < civid_country_code_count; j++)
		{
			if (key_matches(key, civid_country_codes[j].iso_alpha2))
			{
				place->other_code = civid_country_codes[j].code;
				return CIVID_PLACE_AMBIGUOUS;
			}
		}
		return CIVID_PLACE_FOUND;
	}
	return CIVID_PLACE_NOT_FOUND;
}

/*
 * resolve_country_name --- a country by ISO code when the input is two
 * upper-case ASCII letters, otherwise by name: "MY" is Malaysia, but "Mỹ"
 * and "My" are the short name of the United States in "Hoa Kỳ (Mỹ)", and
 * "Ao" is Austria (Áo), where "AO" is Angola
 */
static CividPlaceStatus
resolve_country_name(const char *key, bool iso_form, CividPlace *place)
{
	int			i;

	if (iso_form)
	{
		CividPlaceStatus status = resolve_iso_code(key, place);

		if (status != CIVID_PLACE_NOT_FOUND)
			return status;
	}

	for (i = 0; i < civid_country_code_count; i++)
	{
		const CountryCode *entry = &civid_country_codes[i];

		if (key_matches(key, entry->name_ascii) ||
			key_matches_country_part(key, entry->name_ascii))
			return found(place, entry->code);
	}
	return CIVID_PLACE_NOT_FOUND;
}

CividPlaceStatus
civid_resolve_place(const char *input, size_t length, CividPlace *place)
{
	char		key[KEY_SIZE];
	int			code;
	size_t		i;

	place->code = -1;
	place->other_code = -1;
	place->by_name = false;
	place->former_name = false;

	while (length > 0 && is_ascii_space(input[0]))
	{
		input++;
		length--;
	}
	while (length > 0 && is_ascii_space(input[length - 1]))
		length--;

	if (is_code_text(input, length, &code))
	{
		if (!civid_code_is_assigned(code))
			return CIVID_PLACE_NOT_FOUND;
		return found(place, code);
	}

	place->by_name = true;
	if (!civid_fold_name(input, length, key, KEY_SIZE) || key[0] == '\0')
		return CIVID_PLACE_NOT_FOUND;

	if (resolve_province_name(key, place) == CIVID_PLACE_FOUND)
		return CIVID_PLACE_FOUND;
	for (i = 0; i < sizeof(province_prefixes) / sizeof(province_prefixes[0]); i++)
	{
		size_t		prefix_length = strlen(province_prefixes[i]);

		if (strncmp(key, province_prefixes[i], prefix_length) == 0 &&
			resolve_province_name(key + prefix_length, place) == CIVID_PLACE_FOUND)
			return CIVID_PLACE_FOUND;
	}
	return resolve_country_name(key, is_iso_form(input, length), place);
}
