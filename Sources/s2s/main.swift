print("s2s")
