from odoo.tests import TransactionCase, tagged

from ..models.license_number import ALPHABET, generate_number, normalize_number


@tagged("post_install", "-at_install")
class TestLicenseNumber(TransactionCase):
    def test_format_and_alphabet(self):
        number = generate_number()
        groups = number.split("-")
        self.assertEqual([len(g) for g in groups], [5, 5, 5, 5])
        self.assertTrue(all(c in ALPHABET for c in "".join(groups)))
        for ambiguous in "01IO":
            self.assertNotIn(ambiguous, ALPHABET)

    def test_check_character_catches_typos(self):
        number = generate_number()
        self.assertEqual(normalize_number(number.lower().replace("-", " ")), number)
        raw = number.replace("-", "")
        for position in range(len(raw)):
            for replacement in ALPHABET:
                if replacement == raw[position]:
                    continue
                typo = raw[:position] + replacement + raw[position + 1 :]
                self.assertIsNone(normalize_number(typo), f"{typo} passed the check")
        swapped = raw[1] + raw[0] + raw[2:]
        if swapped != raw:
            self.assertIsNone(normalize_number(swapped))

    def test_malformed_numbers(self):
        for bad in (None, 42, "", "ABCDE", "0" * 20, generate_number() + "X"):
            self.assertIsNone(normalize_number(bad))

    def test_numbers_are_random(self):
        numbers = {generate_number() for _i in range(2000)}
        self.assertEqual(len(numbers), 2000)
