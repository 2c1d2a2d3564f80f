try:
    import helper
    print(helper.greet())
except ImportError as e:
    print(type(e).__name__ + ":", e)
