// DrydockTesting
