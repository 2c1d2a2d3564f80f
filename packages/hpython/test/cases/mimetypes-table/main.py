import mimetypes

print("a.json", mimetypes.guess_type("a.json")[0])
print("a.deb", mimetypes.guess_type("a.deb")[0])
