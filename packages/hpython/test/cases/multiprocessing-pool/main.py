import multiprocessing


def square(x):
    return x * x


if __name__ == "__main__":
    try:
        with multiprocessing.Pool(2) as p:
            print("pool worked", p.map(square, range(4)))
    except Exception as e:
        print("Pool failed:", type(e).__name__, e)
