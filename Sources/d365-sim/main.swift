print("d365-sim: not built yet")
