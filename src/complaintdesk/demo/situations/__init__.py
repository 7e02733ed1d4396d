"""The demo's complaints, in the four languages the product speaks."""

from complaintdesk.demo.scenario import Language
from complaintdesk.demo.situations.chinese import CHINESE
from complaintdesk.demo.situations.english import ENGLISH
from complaintdesk.demo.situations.french import FRENCH
from complaintdesk.demo.situations.spanish import SPANISH

LANGUAGES: list[Language] = [ENGLISH, SPANISH, FRENCH, CHINESE]
