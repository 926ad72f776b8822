#!/bin/sh
# Write a cmocka main() for the TEST(name) functions of a test file.
f=$1
echo "#include \"$(basename "$f")\""
echo "int main(void) {"
echo "	const struct CMUnitTest tests[] = {"
sed -n 's/^TEST(\([A-Za-z0-9_]*\)).*/		cmocka_unit_test(\1),/p' "$f"
echo "	};"
echo "	return cmocka_run_group_tests_name(\"$(basename "$f" .c)\", tests, NULL, NULL);"
echo "}"
