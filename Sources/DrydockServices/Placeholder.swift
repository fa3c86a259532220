// DrydockServices
