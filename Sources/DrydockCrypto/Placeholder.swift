// DrydockCrypto
