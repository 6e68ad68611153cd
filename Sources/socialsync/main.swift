print("socialsync: not built yet")
