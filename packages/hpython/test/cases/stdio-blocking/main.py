import os

print(f"blocking: stdout {os.get_blocking(1)}, stderr {os.get_blocking(2)}")
