import uuid

print("uuid1 version", uuid.uuid1().version)
print("uuid4 version", uuid.uuid4().version)
