print("should not run")
def f(:
    pass
