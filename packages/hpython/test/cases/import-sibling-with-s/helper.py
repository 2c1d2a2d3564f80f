def greet():
    return "helper says hi"
