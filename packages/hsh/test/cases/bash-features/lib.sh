lib_fn() { echo "lib ok"; }
