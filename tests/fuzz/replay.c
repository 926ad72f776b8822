/*
 * Replays a libFuzzer target over files (its seeds and any crash
 * inputs), so `make check` runs every fuzz target without clang.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	FILE *f;
	char *buf;
	long n;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		return 1;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf == NULL || (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n)) {
		perror(path);
		fclose(f);
		free(buf);
		return 1;
	}
	fclose(f);
	/* An exact-size heap copy, so ASan sees reads past the end. */
	LLVMFuzzerTestOneInput((const uint8_t *)buf, (size_t)n);
	free(buf);
	return 0;
}

int
main(int argc, char *argv[])
{
	int i, bad = 0, count = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			struct dirent **ents;
			int n = scandir(argv[i], &ents, NULL, alphasort);
			for (int j = 0; j < n; j++) {
				char path[4096];
				if (ents[j]->d_name[0] != '.') {
					snprintf(path, sizeof(path), "%s/%s",
					    argv[i], ents[j]->d_name);
					bad |= run_file(path);
					count++;
				}
				free(ents[j]);
			}
			free(ents);
		} else {
			bad |= run_file(argv[i]);
			count++;
		}
	}
	/* An empty input always, whatever the seeds. */
	LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
	printf("%d inputs replayed\n", count + 1);
	return bad;
}
