"""The team leader's working screens: Indsatsmodellen, the four boards (tavler) and the caseloads
(sagsstammer).
"""
